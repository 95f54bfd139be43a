#if canImport(Glibc)
import Glibc
#endif

/// Where concurrent jobs leave their results: slots written once each, under a lock. Read
/// back in the jobs' order, whichever core finished first (files, chunks, rules' findings).
final class JobResults<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private var lock = pthread_mutex_t()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        pthread_mutex_init(&lock, nil)
    }

    deinit { pthread_mutex_destroy(&lock) }

    func store(_ result: Value, at index: Int) {
        pthread_mutex_lock(&lock)
        slots[index] = result
        pthread_mutex_unlock(&lock)
    }

    var values: [Value?] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return slots
    }
}

/// Hands out job numbers in order, so that idle cores take the next job.
final class JobCounter: @unchecked Sendable {
    private var value = 0
    private var lock = pthread_mutex_t()
    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }

    func take(below limit: Int) -> Int? {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
