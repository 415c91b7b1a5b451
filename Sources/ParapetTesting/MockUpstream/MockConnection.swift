import Hummingbird
import NIOCore

/// The per-request context: the connection the request came on, so an answer can wait on it,
/// cut it, or notice that the client went away.
struct MockConnection: InitializableFromSource {
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        channel = source.channel
    }

    /// Closes the connection without (the rest of) an answer.
    func abandon() {
        channel.close(promise: nil)
    }
}

/// Closes a connection as soon as the client closes its side.
///
/// Hummingbird allows half-closed connections, so a client that disconnects while its request
/// waits (the `timeout` scenario) would otherwise go unnoticed until the answer is written. LLM
/// clients never half-close a connection and still expect an answer, so closing is safe here.
final class ClientGoneHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
