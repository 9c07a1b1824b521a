/** Where the compiled messages go (schema/paraglide). */
export declare const paraglideDir: string;
/** Compiles messages/*.json into schema/paraglide unless it already matches them. */
export declare function compileMessages(): void;
