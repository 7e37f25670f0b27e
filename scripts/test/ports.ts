// Ports of the parts the test suites start, apart from `npm run dev` (3000, 1025, 1080, 54320).
export const TEST_PORTS = {
  vitestPostgres: 54331,
  vitestSmtp: 1027,
  vitestMailWeb: 1082,
  e2ePostgres: 54332,
  e2eSmtp: 1026,
  e2eMailWeb: 1081,
  e2eApp: 3100,
} as const;
