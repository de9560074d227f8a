package io.jitp.broker.enrollment;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records every {@link DeviceRevoked} event, as the exchange cache observes them. */
@ApplicationScoped
public class RevocationRecorder {

    private final List<DeviceRevoked> events = new CopyOnWriteArrayList<>();

    void on(@Observes DeviceRevoked event) {
        events.add(event);
    }

    /** Every event so far. */
    public List<DeviceRevoked> events() {
        return List.copyOf(events);
    }
}
