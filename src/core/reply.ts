import type { Precision } from './dates.js';

// The neutral answer every command returns. Each platform renders it in its own module.

export interface ReplySource {
  title: string;
  url: string | null;
  published: string | null;
}

export interface ReplyItem {
  date: string;
  precision: Precision;
  summary: string;
  sources: ReplySource[];
  /** A short remark shown beside the date, e.g. "11 years ago". */
  note?: string;
}

export interface ReplyPage {
  /** 1-based. */
  number: number;
  count: number;
  /** The command text that produced this reply, to fetch another page with. */
  command: string;
}

export interface Reply {
  title: string;
  items: ReplyItem[];
  /** A paragraph of plain text: help, an explanation, a confirmation. */
  text?: string;
  /** Bad input or a refusal: platforms show it only to the person who asked. */
  error?: boolean;
  /** How many items match in all, when there are more than this page holds. */
  total?: number;
  page?: ReplyPage;
  footer?: string;
  /** A web page with the whole answer ("open the full timeline"), when the web timeline has a public URL. */
  link?: { label: string; url: string };
  /**
   * The role (Discord) or user group (Slack) this message pings: set only on alerts of subscriptions that opted
   * in. Platforms allow exactly this mention; nothing else in the message can ping.
   */
  mention?: string;
  /** Attach this reply's timeline as a picture (Discord attachment, Slack file, a file path in the console). */
  picture?: boolean;
  /** A command that shows more on the subject ("/assange latest"): a posted alert or digest offers it as a button. */
  more?: string;
}

export const errorReply = (title: string, text: string): Reply => ({ title, items: [], text, error: true });

export const textReply = (title: string, text: string): Reply => ({ title, items: [], text });
