import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes longer than `deadline` to send a request body once
/// its head has arrived.
///
/// Hummingbird's idle timeout closes a connection that goes silent, and a head trickled in
/// slowly never reaches it (the decoder emits nothing until the head is complete, so the idle
/// clock keeps running). A body trickled a byte at a time does count as activity, though, and
/// could hold the connection and its request handler forever; this deadline bounds it.
final class RequestBodyDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?

    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            cancelTimer()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(in: deadline) {
                loopBound.value.close(promise: nil)
            }
        case .body:
            break
        case .end:
            cancelTimer()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }
}

@available(*, unavailable)
extension RequestBodyDeadlineHandler: Sendable {}
