import Testing

@testable import ParapetGuards

@Suite struct InMemoryToolCounterStoreTests {
    let t0 = ContinuousClock.now
    let day = Duration.seconds(86_400)

    @Test func countsCallsInsideTheSlidingWindow() {
        let store = InMemoryToolCounterStore()
        for minute in [0, 10, 20] { store.record(tenant: "t", counter: "c", subject: "u", window: .seconds(3_600), now: t0 + .seconds(minute * 60)) }
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: .seconds(3_600), now: t0 + .seconds(1_200)) == 3)
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: .seconds(3_600), now: t0 + .seconds(3_600)) == 2)  // t0 left
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: .seconds(600), now: t0 + .seconds(1_200)) == 1)
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: .seconds(3_600), now: t0 + .seconds(5_000)) == 0)
        #expect(store.count(tenant: "other", counter: "c", subject: "u", window: .seconds(3_600), now: t0) == 0)
        #expect(store.count(tenant: "t", counter: "d", subject: "u", window: .seconds(3_600), now: t0) == 0)
        #expect(store.count(tenant: "t", counter: "c", subject: "v", window: .seconds(3_600), now: t0) == 0)
    }

    @Test func lateRecordsAreInsertedInOrderAndOldOnesForgotten() {
        let store = InMemoryToolCounterStore()
        store.record(tenant: "t", counter: "c", subject: "u", window: .seconds(100), now: t0 + .seconds(50))
        store.record(tenant: "t", counter: "c", subject: "u", window: .seconds(100), now: t0 + .seconds(10))  // late
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: .seconds(100), now: t0 + .seconds(109)) == 2)
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: .seconds(100), now: t0 + .seconds(110)) == 1)
        store.record(tenant: "t", counter: "c", subject: "u", window: .seconds(100), now: t0 + .seconds(400))
        #expect(store.size.events == 1)  // both earlier calls are older than the window
    }

    @Test func keepsAtMostTheLargestConfigurableCountPerKey() {
        let store = InMemoryToolCounterStore()
        for index in 0..<(ToolCounterRule.maxLimit + 50) {
            store.record(tenant: "t", counter: "c", subject: "u", window: day, now: t0 + .milliseconds(index))
        }
        #expect(store.count(tenant: "t", counter: "c", subject: "u", window: day, now: t0 + .seconds(60)) == ToolCounterRule.maxLimit)
        #expect(store.size == (1, ToolCounterRule.maxLimit))
    }

    @Test func memoryIsBoundedByEvictingIdleKeysFirst() {
        let store = InMemoryToolCounterStore(maxKeys: 100, maxEvents: 1_000)
        // An active user, recorded every round.
        for round in 0..<1_000 {
            let now = t0 + .seconds(round)
            store.record(tenant: "t", counter: "c", subject: "active", window: .seconds(5), now: now)
            store.record(tenant: "t", counter: "c", subject: "user-\(round)", window: day, now: now)
            #expect(store.size.keys <= 100)
            #expect(store.size.events <= 1_000)
        }
        let now = t0 + .seconds(999)
        #expect(store.count(tenant: "t", counter: "c", subject: "active", window: .seconds(5), now: now) == 5)
        #expect(store.count(tenant: "t", counter: "c", subject: "user-999", window: day, now: now) == 1)
        #expect(store.count(tenant: "t", counter: "c", subject: "user-0", window: day, now: now) == 0)  // least recent: evicted
        // Expired keys go before live ones.
        let expiring = InMemoryToolCounterStore(maxKeys: 10)
        for index in 0..<9 { expiring.record(tenant: "t", counter: "short", subject: "u\(index)", window: .seconds(1), now: t0) }
        expiring.record(tenant: "t", counter: "long", subject: "keep", window: day, now: t0)
        expiring.record(tenant: "t", counter: "long", subject: "new", window: day, now: t0 + .seconds(2))
        #expect(expiring.size.keys == 2)
        #expect(expiring.count(tenant: "t", counter: "long", subject: "keep", window: day, now: t0 + .seconds(2)) == 1)
    }

    @Test func concurrentRecordsAreAllCounted() async {
        let store = InMemoryToolCounterStore()
        let now = t0
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<500 {
                        store.record(tenant: "t", counter: "c", subject: "shared", window: .seconds(60), now: now)
                        store.record(tenant: "t", counter: "c", subject: "w\(worker)-\(index % 10)", window: .seconds(60), now: now)
                    }
                }
            }
        }
        #expect(store.count(tenant: "t", counter: "c", subject: "shared", window: .seconds(60), now: now) == 4_000)
        #expect(store.count(tenant: "t", counter: "c", subject: "w3-7", window: .seconds(60), now: now) == 50)
        #expect(store.size == (81, 8_000))
    }
}
