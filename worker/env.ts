import type { AuthContext } from "./auth/middleware";

export type Bindings = Env;

export interface Variables {
  requestId: string;
  auth: AuthContext;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

declare global {
  /** Set only during a JWT_SECRET rotation (docs/operations.md): the old secret, accepted for verification. */
  interface Env {
    JWT_SECRET_PREVIOUS?: string;
  }
}
