// Shared with client forms, so it lives apart from the hashing code.
export const PASSWORD_RULE = "Use at least 10 characters, and avoid common passwords and your own name or email.";
