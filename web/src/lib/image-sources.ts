import type { ListingImage } from "$schema";

/**
 * `src` and `srcset` for a listing photo: the ~480 px thumbnail where there is
 * one, the photo itself for screens that need more. With `sizes` the browser
 * picks the smallest that is sharp enough, so lists load a few tens of KB per
 * card instead of a 2048 px photo.
 */
export function imageSources(image: ListingImage): { src: string; srcset: string | undefined } {
  const thumbnail = image.thumbnail;
  if (!thumbnail) return { src: image.url, srcset: undefined };
  return { src: thumbnail.url, srcset: `${thumbnail.url} ${thumbnail.width}w, ${image.url} ${image.width}w` };
}

/** Cards: one column on phones, a grid of ~18rem columns from there. */
export const CARD_IMAGE_SIZES = "(max-width: 36rem) calc(100vw - 2rem), 18rem";
