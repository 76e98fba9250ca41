import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

/**
 * A TCP proxy on loopback that passes everything through, except that once it cuts the first run stream it sees:
 * after `cutAfter` bytes of that response it destroys both sockets (a dropped connection mid-stream). It keeps the
 * request heads of the run streams, to see how the client came back.
 */
export async function cuttingProxy(target: string, cutAfter: number) {
  const { hostname, port } = new URL(target);
  const streamRequests: string[] = [];
  let cut = false;
  const open = new Set<Socket>();
  const server: Server = createServer((downstream: Socket) => {
    const upstream = connect(Number(port), hostname);
    open.add(downstream).add(upstream);
    let armed = false;
    let sent = 0;
    downstream.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      if (text.startsWith("GET /runs/")) {
        streamRequests.push(text.slice(0, text.indexOf("\r\n\r\n")));
        armed = !cut;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (!armed) return void downstream.write(chunk);
      const room = cutAfter - sent;
      sent += chunk.length;
      if (room > chunk.length) return void downstream.write(chunk);
      cut = true;
      armed = false;
      downstream.write(chunk.subarray(0, room), () => {
        downstream.destroy();
        upstream.destroy();
      });
    });
    const close = () => {
      downstream.destroy();
      upstream.destroy();
      open.delete(downstream);
      open.delete(upstream);
    };
    downstream.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    streamRequests,
    wasCut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // the client keeps its connections alive: they go with the proxy
        for (const socket of open) socket.destroy();
      }),
  };
}

