import type { ListingImage } from "$schema";

/**
 * A photo in the picker: being prepared (decoded and resized), uploading (with
 * progress), uploaded (with the API's image) or failed (with why).
 */
export interface PickedPhoto {
  key: number;
  name: string;
  /** Kept for a retry; null for photos already stored (earlier submission, or a listing being edited). */
  file: File | null;
  status: "preparing" | "uploading" | "uploaded" | "failed";
  /** Upload progress from 0 to 1. */
  progress: number;
  message: string;
  image: ListingImage | null;
  /** A local object URL shown until the uploaded image is available. */
  previewUrl: string | null;
  /** Set when the browser scaled the photo down before uploading it. */
  resizedFrom: { width: number; height: number } | null;
}

let nextKey = 0;

export function pickedPhoto(name: string, file: File | null, image: ListingImage | null = null): PickedPhoto {
  return {
    key: nextKey++,
    name,
    file,
    status: image ? "uploaded" : "preparing",
    progress: image ? 1 : 0,
    message: "",
    image,
    previewUrl: null,
    resizedFrom: null,
  };
}

/** Photos busy preparing or uploading: a form waits for them before it's sent. */
export function photosBusy(photos: PickedPhoto[]): boolean {
  return photos.some((photo) => photo.status === "preparing" || photo.status === "uploading");
}
