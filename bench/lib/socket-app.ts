import http from "node:http";
import { rmSync } from "node:fs";

// The app of `npm run bench:edge`, in a process of its own: a small page on a Unix socket, where an isolated
// instance's relay would be. Run as `tsx bench/lib/socket-app.ts <socket>`; prints "ready" once it listens.
const socket = process.argv[2]!;
rmSync(socket, { force: true });
const body = Buffer.from(`<!doctype html><title>bench</title><p>${"x".repeat(512)}</p>`);
http
  .createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html", "content-length": body.length });
    res.end(body);
  })
  .listen(socket, () => console.log("ready"));
