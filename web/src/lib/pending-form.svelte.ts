import type { SubmitFunction } from "@sveltejs/kit";

/**
 * A form progressively enhanced with `use:enhance` that knows while it is
 * being submitted (so its button can be disabled and say what is happening),
 * and keeps what was typed when the server sends it back with errors.
 */
export class PendingForm {
  submitting = $state(false);

  readonly enhance: SubmitFunction = () => {
    this.submitting = true;
    return async ({ update }) => {
      await update({ reset: false });
      this.submitting = false;
    };
  };
}
