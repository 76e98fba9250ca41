import { createParser } from "eventsource-parser";
import { ServerUnreachableError } from "./remote-errors.js";
import { parseFrameData, type StreamFrame } from "./stream-frames.js";

/** The frames of an SSE response (`text/event-stream`): each message an event frame, each comment a keep-alive. */
export async function* sseFrames(response: Response): AsyncGenerator<StreamFrame> {
  if (!response.body) throw new ServerUnreachableError("the stream has no body");
  const parsed: StreamFrame[] = [];
  const parser = createParser({
    onEvent: (message) => parsed.push({ kind: "event", id: message.id, event: message.event, data: parseFrameData(message.data) }),
    onComment: () => parsed.push({ kind: "keep-alive" }),
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
      while (parsed.length > 0) yield parsed.shift()!;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
