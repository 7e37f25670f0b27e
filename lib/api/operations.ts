import type { Operation } from "./operation";
import { accountOperations } from "./ops/account";
import { adminOperations } from "./ops/admin";
import { instanceOperations } from "./ops/instances";

// Every operation of /api/v1, in the order the OpenAPI document lists them.
export const operations: Operation[] = [...accountOperations, ...instanceOperations, ...adminOperations];
