"use client";

import { MINUTE_MS, SECOND_MS } from "@doable/domain";
import { useEffect, useState } from "react";
import { api } from "~/trpc/react";
import type { TaskCacheSync } from "./task-cache-sync";
import type { Subtask } from "./types";

/** The first pause before subscribing again after a stream ended or failed; doubled each time. */
const RESUBSCRIBE_BASE_MS = SECOND_MS / 4;
const RESUBSCRIBE_MAX_MS = 30 * SECOND_MS;
/** A stream that lasted this long ended for a reason of its own: start the pauses over. */
const LONG_LIVED_STREAM_MS = MINUTE_MS;

export type LiveState = "connecting" | "live" | "reconnecting";

/** A reminder whose code failed to load (a deploy, a dropped connection) is tried again once, then left to its email. */
const REMINDER_LOAD_RETRY_MS = SECOND_MS;

async function showReminderWhenLoaded(task: Subtask, timeZone: string): Promise<void> {
  const load = () => import("./reminder-alert");
  const module = await load().catch(async () => {
    await new Promise((resolve) => setTimeout(resolve, REMINDER_LOAD_RETRY_MS));
    return load().catch(() => null);
  });
  module?.showReminder(task, timeZone);
}

/**
 * Keeps the dashboard's lists and counts current with `task.onChange` (ADR 0027): each change made
 * elsewhere (another tab, the phone, the CLI) goes through the same write path as this tab's own
 * (`sync.apply`), into every loaded list. The stream starts after `liveFrom`, the last change the
 * server-rendered lists hold, and resumes after its last event; when what it missed is gone
 * ("resync"), the lists are loaded again. A reminder that fired (ADR 0049) is shown, in the
 * account's zone (`timeZone`). A 401 on subscribing (the session was revoked) leaves
 * the page through the client's sessionEndedLink.
 */
export function useLiveTaskChanges(sync: TaskCacheSync, liveFrom: string, timeZone: string): LiveState {
  const utils = api.useUtils();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    let stopped = false;
    let lastEventId = liveFrom;
    let subscription: { unsubscribe(): void } | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let restarts = 0;

    const resubscribe = (): void => {
      if (stopped || timer !== null) return;
      setState("reconnecting");
      const pause = Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_BASE_MS * 2 ** restarts);
      restarts += 1;
      timer = setTimeout(() => {
        timer = null;
        subscribe();
      }, pause);
    };

    const subscribe = (): void => {
      if (stopped) return;
      const startedAt = Date.now();
      let ended = false;
      const end = (): boolean => {
        const first = !ended;
        ended = true;
        return first;
      };
      subscription = utils.client.task.onChange.subscribe(
        lastEventId === null ? undefined : { lastEventId },
        {
          onStarted() {
            setState("live");
            if (lastEventId === null) sync.reloadAll();
          },
          onData({ id, data }) {
            restarts = 0;
            lastEventId = id;
            if (data.type === "resync") sync.reloadAll();
            else if (data.type === "upsert") sync.apply({ type: "upsert", task: data.task });
            else if (data.type === "remove") sync.apply({ type: "remove", ids: [data.id] });
            else if (data.type === "reminder") {
              // A reminder changes no task: it is shown, and nothing is read again.
              const { task } = data;
              void showReminderWhenLoaded(task, timeZone);
              return;
            }
            // Projects and their counts (ADR 0042): the sidebar reads them again, whatever changed.
            if (data.type !== "resync") void utils.project.list.invalidate();
          },
          onConnectionStateChange(connection) {
            if (connection.state === "connecting" && connection.error) setState("reconnecting");
            if (connection.state === "pending") setState("live");
          },
          onError() {
            if (end()) resubscribe();
          },
          onComplete() {
            // The server ended the stream: shutting down (another instance answers the next one), or
            // the session ended (subscribing again answers 401, and the page goes to sign-in).
            if (!end()) return;
            if (Date.now() - startedAt >= LONG_LIVED_STREAM_MS) restarts = 0;
            resubscribe();
          },
        },
      );
    };

    subscribe();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      subscription?.unsubscribe();
    };
  }, [utils, sync, liveFrom, timeZone]);

  return state;
}
