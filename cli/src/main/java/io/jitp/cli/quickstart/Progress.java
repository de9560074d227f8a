package io.jitp.cli.quickstart;

import java.io.PrintWriter;
import java.util.Locale;

/** Numbered step lines: the step's name as it starts, then what it did and how long it took. */
final class Progress {

    private final PrintWriter out;
    private final int total;
    private int step;
    private long startedAt;
    private boolean open;

    Progress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Prints the next step's number and name, so a slow step shows what it is waiting for. */
    void start(String name) {
        step++;
        startedAt = System.nanoTime();
        out.print(String.format(Locale.ROOT, "[%d/%d] %-12s ", step, total, name));
        out.flush();
        open = true;
    }

    /** Ends the current step's line with what it did and its duration. */
    void done(String what) {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        out.println(what + String.format(Locale.ROOT, "  (%.1f s)", seconds));
        out.flush();
        open = false;
    }

    /** Ends the current step's line as failed; the error itself is printed by the caller. */
    void fail() {
        if (open) {
            out.println("FAILED");
            out.flush();
            open = false;
        }
    }
}
