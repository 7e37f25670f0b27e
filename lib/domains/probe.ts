import https from "node:https";
import { env } from "@/lib/env";
import { NOT_FOUND_PAGE, renderPage } from "@/lib/edge/status-pages";
import { edgeRootCertificate } from "@/lib/edge/trust";

export type DomainProbe = { certificate: boolean; live: boolean; problem?: string };

// The edge listens on every address: Berth, on the same host, reaches it on loopback.
const edgeAddress = () =>
  env.EDGE_LISTEN_ADDRESS === "0.0.0.0"
    ? "127.0.0.1"
    : env.EDGE_LISTEN_ADDRESS === "::"
      ? "::1"
      : env.EDGE_LISTEN_ADDRESS;
const unknownName = renderPage(NOT_FOUND_PAGE);

// One HTTPS request to the edge for a custom domain, as a visitor's browser makes it: the handshake asks for the
// name's certificate (Caddy issues it on demand, once the ask endpoint agrees) and must verify against the edge's
// CA, so a completed handshake means the certificate exists; an answer from the name's route means it is live.
export async function probeDomain(name: string, timeoutMs = 10_000): Promise<DomainProbe> {
  const ca =
    env.EDGE_TLS === "internal" && env.EDGE_ADMIN_URL ? await edgeRootCertificate(env.EDGE_ADMIN_URL) : undefined;
  let certificate = false;
  return new Promise((resolve) => {
    const req = https.request(
      {
        host: edgeAddress(),
        port: env.EDGE_HTTPS_PORT,
        servername: name,
        path: "/",
        headers: { Host: name, "User-Agent": "Berth domain check" },
        ca,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += body.length < 4096 ? chunk : ""));
        res.on("end", () => {
          const live = !(res.statusCode === 404 && body === unknownName);
          resolve({ certificate: true, live, problem: live ? undefined : "The edge does not route this name yet." });
        });
      },
    );
    req.on("socket", (socket) => socket.once("secureConnect", () => (certificate = true)));
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", (error) => resolve({ certificate, live: false, problem: error.message }));
    req.end();
  });
}
