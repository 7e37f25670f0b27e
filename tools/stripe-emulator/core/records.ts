// All internal record types; see records-catalog.ts and records-billing.ts.
export * from "./records-catalog";
export * from "./records-billing";
