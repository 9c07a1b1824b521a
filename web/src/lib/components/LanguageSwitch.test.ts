import { flushSync, mount, unmount } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import LanguageSwitch from "./LanguageSwitch.svelte";

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
  document.documentElement.lang = "";
});

function render(locale: "en" | "de" | "fr" | "ja") {
  document.documentElement.lang = locale;
  const target = document.createElement("div");
  document.body.appendChild(target);
  component = mount(LanguageSwitch, { target, props: { locale, next: "/search?q=clock" } });
  flushSync();
  return target;
}

describe("LanguageSwitch", () => {
  it("is a plain form to /locale that comes back to the page, each language in its own name", () => {
    const target = render("en");
    const form = target.querySelector("form")!;
    expect(form.method).toBe("post");
    expect(form.getAttribute("action")).toBe("/locale");
    expect(target.querySelector<HTMLInputElement>("input[name=next]")!.value).toBe("/search?q=clock");
    const options = [...target.querySelectorAll("option")].map((option) => [option.value, option.textContent, option.lang]);
    expect(options).toEqual([
      ["en", "English", "en"],
      ["de", "Deutsch", "de"],
      ["fr", "Français", "fr"],
      ["ja", "日本語", "ja"],
    ]);
  });

  it.each([
    ["de", "Sprache", "Ändern"],
    ["fr", "Langue", "Changer"],
    ["ja", "言語", "変更"],
  ] as const)("speaks %s and has the current language chosen", (locale, label, submit) => {
    const target = render(locale);
    expect(target.querySelector("label")!.textContent).toBe(label);
    expect(target.querySelector("button")!.textContent).toBe(submit);
    expect(target.querySelector<HTMLOptionElement>("select option:checked")!.value).toBe(locale);
  });
});
