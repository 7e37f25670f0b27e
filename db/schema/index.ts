export * from "./auth";
export * from "./catalog";
export * from "./fleet";
export * from "./instances";
export * from "./jobs";
export * from "./keys";
export * from "./ops";
