package io.jitp.emulator.controlplane;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import io.jitp.emulator.state.IotServiceException;

/**
 * One page of a list, with the token of the next page. Tokens are base64 (as the model's marker pattern
 * wants) of the sort key of the last item returned, so a page boundary survives items added or removed in
 * between; the last page has no token.
 *
 * @param items the items of this page
 * @param next the token of the next page, or {@code null}
 */
record Page<T>(List<T> items, String next) {

    /** Default page size when the caller gives none. */
    static final int DEFAULT_SIZE = 50;

    /**
     * @param sorted every item, in the order of the listing
     * @param key the sort key: strictly increasing along {@code sorted} (or strictly decreasing when
     *     {@code descending})
     * @param token the caller's token, or {@code null} for the first page
     * @param size the page size, or {@code null}
     * @param descending whether {@code sorted} is in decreasing key order
     * @param tokenMember the request member that carried the token, named in errors
     */
    static <T> Page<T> of(List<T> sorted, Function<T, String> key, String token, Integer size, boolean descending,
            String tokenMember) {
        int start = 0;
        if (token != null) {
            String last;
            try {
                last = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw IotServiceException.invalid(tokenMember + " is not a token this listing returned");
            }
            start = sorted.size();
            for (int i = 0; i < sorted.size(); i++) {
                int comparison = key.apply(sorted.get(i)).compareTo(last);
                if (descending ? comparison < 0 : comparison > 0) {
                    start = i;
                    break;
                }
            }
        }
        int limit = size == null ? DEFAULT_SIZE : size;
        int end = Math.min(sorted.size(), start + limit);
        List<T> items = List.copyOf(sorted.subList(start, end));
        String next = end < sorted.size() && !items.isEmpty()
                ? Base64.getEncoder().encodeToString(key.apply(items.get(items.size() - 1))
                        .getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(items, next);
    }

    /** A sort key for items ordered by creation time, then id. */
    static String creationKey(long createdMillis, String id) {
        return String.format("%016d/%s", createdMillis, id);
    }
}
