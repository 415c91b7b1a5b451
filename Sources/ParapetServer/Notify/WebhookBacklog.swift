/// A bounded FIFO that makes room by dropping its oldest element: the pending deliveries of one
/// webhook. `push` and `pop` are O(1) amortised.
struct WebhookBacklog<Element> {
    let capacity: Int
    private var items: [Element] = []
    private var head = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { items.count - head }
    var isEmpty: Bool { count == 0 }

    /// Appends `element`; when the backlog was full, removes and returns the oldest one.
    mutating func push(_ element: Element) -> Element? {
        var dropped: Element?
        if count >= capacity { dropped = pop() }
        items.append(element)
        return dropped
    }

    /// Removes and returns the oldest element.
    mutating func pop() -> Element? {
        guard head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1_024, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return element
    }

    /// Removes everything; returns how many there were.
    mutating func removeAll() -> Int {
        let n = count
        items.removeAll()
        head = 0
        return n
    }
}
