import type { SubmitFunction } from "@sveltejs/kit";
import { FILES_FIELD } from "$lib/listing-form";
import { photosBusy, type PickedPhoto } from "$lib/photos";
import { localTimesToInstants } from "$lib/time";
import { m } from "$schema/paraglide/messages.js";

/**
 * Submitting a listing or service-request form with JavaScript: waits for
 * photo uploads, sends the photos' ids instead of the files, turns the
 * viewer's wall times into instants, and tracks which button is in flight.
 */
export class ListingSubmission {
  /** The intent of the button being submitted ("draft", "publish", "save"), or null. */
  submitting = $state<string | null>(null);
  /** A problem found before sending, shown with the form's alert. */
  clientMessage = $state("");

  constructor(
    private readonly options: {
      photos: () => PickedPhoto[];
      /** The datetime-local fields the form has. */
      timeFields: readonly string[];
      /** The zone the form shows its times in: the account's, else the browser's. */
      timeZone: () => string;
      /** The intent when the form is submitted without a button (Enter in a field). */
      defaultIntent: string;
    },
  ) {}

  readonly enhance: SubmitFunction = ({ formData, submitter, cancel }) => {
    if (photosBusy(this.options.photos())) {
      this.clientMessage = m.listing_wait_photos();
      cancel();
      return;
    }
    this.clientMessage = "";
    // The photos went up as they were chosen; their ids travel as hidden fields.
    formData.delete(FILES_FIELD);
    localTimesToInstants(formData, this.options.timeFields, this.options.timeZone());
    this.submitting = submitter?.getAttribute("value") ?? this.options.defaultIntent;
    return async ({ update }) => {
      await update({ reset: false });
      this.submitting = null;
    };
  };
}
