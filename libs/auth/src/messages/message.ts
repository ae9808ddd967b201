import { DEFAULT_MESSAGE_TAGS } from './message-constants';

/**
 * Django's contrib.messages Message: what templates and JSON clients get.
 * @publicApi
 */
export class Message {
  constructor(
    readonly level: number,
    readonly message: string,
    /** Extra CSS classes given when adding; `''` for none. */
    readonly extraTags: string = '',
    /** Django's SafeData flag (a message stored by Django with mark_safe); kept so it round-trips. */
    readonly isSafe = false,
  ) {}

  /** The level's tag (`'success'`), `''` for a custom level. */
  get levelTag(): string {
    return DEFAULT_MESSAGE_TAGS[this.level] ?? '';
  }

  /** Extra tags then the level tag, space-separated: a ready CSS class list. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter(Boolean).join(' ');
  }

  toString(): string {
    return this.message;
  }

  toJSON(): { level: number; message: string; tags: string; extraTags: string; levelTag: string } {
    return { level: this.level, message: this.message, tags: this.tags, extraTags: this.extraTags, levelTag: this.levelTag };
  }
}
