import http from "node:http";
import https from "node:https";
import { readFileSync, rmSync } from "node:fs";

// The app of `npm run bench:edge`, in a process of its own: a small page on a Unix socket, where an isolated
// instance's relay would be, and the same page over HTTPS on a loopback port (given a key and certificate), so the
// direct path can cost its client the same TLS as the edge's. Run as
// `tsx bench/lib/socket-app.ts <socket> [<https port> <key> <cert>]`; prints "ready" once it listens.
const [socket, httpsPort, key, cert] = process.argv.slice(2) as [string, string?, string?, string?];
rmSync(socket, { force: true });
const body = Buffer.from(`<!doctype html><title>bench</title><p>${"x".repeat(512)}</p>`);
const page: http.RequestListener = (_req, res) => {
  res.writeHead(200, { "content-type": "text/html", "content-length": body.length });
  res.end(body);
};
const listening = [new Promise<void>((r) => http.createServer(page).listen(socket, r))];
if (httpsPort && key && cert)
  listening.push(
    new Promise<void>((r) =>
      https
        .createServer({ key: readFileSync(key), cert: readFileSync(cert) }, page)
        .listen(Number(httpsPort), "127.0.0.1", r),
    ),
  );
await Promise.all(listening);
console.log("ready");
