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
