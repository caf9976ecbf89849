import { TAG_MAX_LENGTH, TAGS_MAX_COUNT } from "@doable/domain";

/** "work, home ,  errands" -> ["work", "home", "errands"]: the tags text box's format. */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
}

export function formatTags(tags: string[]): string {
  return tags.join(", ");
}

export const TAGS_HINT = `Separate with commas; up to ${TAGS_MAX_COUNT}, each up to ${TAG_MAX_LENGTH} characters.`;
