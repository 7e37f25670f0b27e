import { db } from "@/lib/db";
import { notifyAboutMessage } from "@/lib/support/notify";
import { notifyTicketMessage as contract } from "./contracts";
import { defineJob } from "./engine/define";

// The emails about one ticket message, sent after the request that saved it: each is keyed by the message and its
// recipient, so a retry sends only those that failed.
export const notifyTicketMessageJob = defineJob(contract, {
  async run({ messageId, action }) {
    return notifyAboutMessage(db, messageId, action);
  },
});
