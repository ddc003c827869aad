// Options shared by the commands that judge an AOF (check, fix).

export const allowUnknownCommandsOption = {
  type: 'boolean',
  default: false,
  describe: "commands unknown to Redis (a module's, a renamed one) are warnings, not errors",
} as const;
