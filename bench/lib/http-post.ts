import http from "node:http";

// The load generator shares the machine with the app, so it should cost as little as a sender can: Node's
// http client over kept-alive connections spends about a third of the CPU per request that fetch does.
const agent = new http.Agent({ keepAlive: true });

// POSTs a body and reads the answer to the end; resolves with the status code.
export function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
