import AccountDeleted, * as accountDeleted from "./templates/account-deleted";
import AccountExists, * as accountExists from "./templates/account-exists";
import InvoicePaid, * as invoicePaid from "./templates/invoice-paid";
import BillingResumed, * as billingResumed from "./templates/billing-resumed";
import BillingSuspended, * as billingSuspended from "./templates/billing-suspended";
import FinalWarning, * as finalWarning from "./templates/final-warning";
import SubscriptionEnded, * as subscriptionEnded from "./templates/subscription-ended";
import PlanCanceled, * as planCanceled from "./templates/plan-canceled";
import GraceDay, * as graceDay from "./templates/grace-day";
import PaymentFailed, * as paymentFailed from "./templates/payment-failed";
import DiskOverLimit, * as diskOverLimit from "./templates/disk-over-limit";
import MemoryNearLimit, * as memoryNearLimit from "./templates/memory-near-limit";
import InstanceFailed, * as instanceFailed from "./templates/instance-failed";
import InstanceReady, * as instanceReady from "./templates/instance-ready";
import InstanceTerminated, * as instanceTerminated from "./templates/instance-terminated";
import InstanceSuspended, * as instanceSuspended from "./templates/instance-suspended";
import StaffAlert, * as staffAlert from "./templates/staff-alert";
import TicketReceived, * as ticketReceived from "./templates/ticket-received";
import TicketReplyToCustomer, * as ticketReplyToCustomer from "./templates/ticket-reply-to-customer";
import TicketReplyToStaff, * as ticketReplyToStaff from "./templates/ticket-reply-to-staff";
import TrialEnded, * as trialEnded from "./templates/trial-ended";
import TrialEnding, * as trialEnding from "./templates/trial-ending";
import ConfirmEmailChange, * as confirmEmailChange from "./templates/confirm-email-change";
import EmailChanged, * as emailChanged from "./templates/email-changed";
import PasswordChanged, * as passwordChanged from "./templates/password-changed";
import ResetPassword, * as resetPassword from "./templates/reset-password";
import VerifyEmail, * as verifyEmail from "./templates/verify-email";
import ReleaseFailed, * as releaseFailed from "./templates/release-failed";
import WebhookDisabled, * as webhookDisabled from "./templates/webhook-disabled";

// Every template, by the name written to email_log.template.
export const emailTemplates = {
  "verify-email": { component: VerifyEmail, subject: verifyEmail.subject },
  "reset-password": { component: ResetPassword, subject: resetPassword.subject },
  "confirm-email-change": { component: ConfirmEmailChange, subject: confirmEmailChange.subject },
  "email-changed": { component: EmailChanged, subject: emailChanged.subject },
  "password-changed": { component: PasswordChanged, subject: passwordChanged.subject },
  "account-exists": { component: AccountExists, subject: accountExists.subject },
  "account-deleted": { component: AccountDeleted, subject: accountDeleted.subject },
  "instance-ready": { component: InstanceReady, subject: instanceReady.subject },
  "instance-failed": { component: InstanceFailed, subject: instanceFailed.subject },
  "disk-over-limit": { component: DiskOverLimit, subject: diskOverLimit.subject },
  "memory-near-limit": { component: MemoryNearLimit, subject: memoryNearLimit.subject },
  "instance-terminated": { component: InstanceTerminated, subject: instanceTerminated.subject },
  "instance-suspended": { component: InstanceSuspended, subject: instanceSuspended.subject },
  "trial-ending": { component: TrialEnding, subject: trialEnding.subject },
  "trial-ended": { component: TrialEnded, subject: trialEnded.subject },
  "staff-alert": { component: StaffAlert, subject: staffAlert.subject },
  "invoice-paid": { component: InvoicePaid, subject: invoicePaid.subject },
  "payment-failed": { component: PaymentFailed, subject: paymentFailed.subject },
  "grace-day": { component: GraceDay, subject: graceDay.subject },
  "billing-suspended": { component: BillingSuspended, subject: billingSuspended.subject },
  "final-warning": { component: FinalWarning, subject: finalWarning.subject },
  "subscription-ended": { component: SubscriptionEnded, subject: subscriptionEnded.subject },
  "plan-canceled": { component: PlanCanceled, subject: planCanceled.subject },
  "billing-resumed": { component: BillingResumed, subject: billingResumed.subject },
  "ticket-received": { component: TicketReceived, subject: ticketReceived.subject },
  "ticket-reply-to-customer": { component: TicketReplyToCustomer, subject: ticketReplyToCustomer.subject },
  "ticket-reply-to-staff": { component: TicketReplyToStaff, subject: ticketReplyToStaff.subject },
  "webhook-disabled": { component: WebhookDisabled, subject: webhookDisabled.subject },
  "release-failed": { component: ReleaseFailed, subject: releaseFailed.subject },
} as const;

export type EmailTemplateName = keyof typeof emailTemplates;
export type EmailProps<T extends EmailTemplateName> = Parameters<(typeof emailTemplates)[T]["component"]>[0];
