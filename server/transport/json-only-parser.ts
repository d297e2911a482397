import { Decoder, Encoder } from 'socket.io-parser';

/** socket.io-parser's packet types that announce binary attachments to follow (BINARY_EVENT, BINARY_ACK). */
const BINARY_PACKET_TYPES = new Set(['5', '6']);

/**
 * Plenary's protocol is JSON. Socket.IO carries binary attachments as separate frames, each
 * within the size limit, and buffers them until the message is complete: ten 15 KB
 * attachments made one 150 KB message past the 16 KB limit. This decoder refuses a packet that
 * announces attachments, and any binary frame, before anything is buffered; Socket.IO then
 * closes the connection as for any malformed packet.
 */
export class JsonOnlyDecoder extends Decoder {
  override add(chunk: unknown): void {
    if (typeof chunk !== 'string') throw new Error('binary frames are refused: the protocol is JSON');
    if (BINARY_PACKET_TYPES.has(chunk.charAt(0))) throw new Error('binary attachments are refused: the protocol is JSON');
    super.add(chunk);
  }
}

export const jsonOnlyParser = { Encoder, Decoder: JsonOnlyDecoder };
