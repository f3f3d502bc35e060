// The floor for the reading page: a plain Node http server, run as its own process
// like the app, answering every request with bytes prepared once ahead of time.
// The parent sends { body (base64), headers } over IPC and gets { port } back.
import http from "node:http";

type Setup = { body: string; headers: Record<string, string> };

process.once("message", (message: Setup) => {
  const body = Buffer.from(message.body, "base64");
  const headers = { ...message.headers, "content-length": String(body.length) };
  const server = http.createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
});
