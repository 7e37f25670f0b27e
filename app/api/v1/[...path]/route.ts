import { handleApiRequest } from "@/lib/api/dispatch";
import { openApiDocument } from "@/lib/api/openapi";

type Params = { params: Promise<{ path: string[] }> };

// Every /api/v1 call goes through one dispatcher (lib/api/dispatch.ts); the OpenAPI document needs no token.
async function handle(req: Request, { params }: Params) {
  const { path } = await params;
  if (req.method === "GET" && path.length === 1 && path[0] === "openapi.json") {
    return Response.json(openApiDocument(), { headers: { "access-control-allow-origin": "*" } });
  }
  return handleApiRequest(req, path);
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const PUT = handle;
