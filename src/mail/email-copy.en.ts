import type { EmailContent, EmailCopy, EmailView } from './email-content.js';

const SIGNATURE = 'The contacthub team — automatic e-mail, please do not reply.';

function base(view: EmailView): Pick<EmailContent, 'greeting' | 'signature'> {
  return { greeting: `Hello ${view.params.recipientName},`, signature: SIGNATURE };
}

/** The details every e-mail about a request shows. */
function facts(view: EmailView, ...extra: [string, string][]): [string, string][] {
  const p = view.params;
  return [
    ['Request', `#${p.requestId}`],
    ['Service', view.service],
    ['Contact types', view.roles],
    ['Contact to change', p.fromAccount],
    ['Requested contact', p.toAccount],
    ['Requested by', p.askingAccount],
    ...extra,
  ];
}

const seeRequest = (view: EmailView) => ({ label: 'View the request', url: view.link });

function tokenEmail(view: EmailView, subject: string, intro: string[]): EmailContent {
  return {
    ...base(view),
    subject,
    intro,
    facts: facts(view, ['Valid until', view.expiry]),
    code: { label: 'Your validation code', value: view.token ?? '' },
    action: { label: 'Accept or refuse the request', url: view.link },
    outro: [
      'The link opens the request in your control panel with the code filled in; the request is only accepted or refused when you click “Accept request” or “Refuse request”.',
      'This code is personal and works once: do not share it. If you do not recognise this request, refuse it.',
    ],
  };
}

export const ENGLISH: EmailCopy = {
  locale: 'en-GB',
  roleNames: {
    contactAdmin: 'administrator contact',
    contactTech: 'technical contact',
    contactBilling: 'billing contact',
  },
  conjunction: 'and',
  templates: {
    'request-created': (view) => {
      const p = view.params;
      return tokenEmail(
        view,
        `Contact change for ${p.serviceName}: your validation is needed (request #${p.requestId})`,
        [
          `${p.askingAccount} asked for ${p.toAccount} to replace ${p.fromAccount} as ${view.roles} of the service ${view.service}.`,
          'Your validation is needed for this change to happen. Accept or refuse the request in the “My requests” tab of contact management with the code below, or open the link directly.',
        ],
      );
    },
    'token-resent': (view) => {
      const p = view.params;
      return tokenEmail(
        view,
        `New validation code for request #${p.requestId} (${p.serviceName})`,
        [
          `Here is a new validation code for contact change request #${p.requestId} of the service ${view.service}.`,
          'The code sent before no longer works.',
        ],
      );
    },
    'request-done': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Contact change done for ${p.serviceName} (request #${p.requestId})`,
        intro: [
          `Request #${p.requestId} was validated by every contact and carried out: ${p.toAccount} is now ${view.roles} of the service ${view.service}, in place of ${p.fromAccount}.`,
        ],
        facts: facts(view),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-refused': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Contact change request refused for ${p.serviceName} (#${p.requestId})`,
        intro: [
          `${p.actor ?? 'A contact'} refused request #${p.requestId}. The contacts of the service ${view.service} stay as they were.`,
        ],
        facts: facts(view, ['Refused by', p.actor ?? '—']),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-aborted': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Contact change request cancelled for ${p.serviceName} (#${p.requestId})`,
        intro: [
          `${p.actor ?? p.askingAccount} cancelled request #${p.requestId}. The contacts of the service ${view.service} stay as they were, and the validation codes sent no longer work.`,
        ],
        facts: facts(view, ['Cancelled by', p.actor ?? p.askingAccount]),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-expired': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Contact change request expired for ${p.serviceName} (#${p.requestId})`,
        intro: [
          `Request #${p.requestId} was not validated by every contact before ${view.expiry}, so it has expired. The contacts of the service ${view.service} stay as they were; a new request may be made.`,
        ],
        facts: facts(view, ['Expired on', view.expiry]),
        action: seeRequest(view),
        outro: [],
      };
    },
    'request-failed': (view) => {
      const p = view.params;
      return {
        ...base(view),
        subject: `Contact change could not be carried out for ${p.serviceName} (request #${p.requestId})`,
        intro: [
          `Request #${p.requestId} had been validated, but the final check failed. No contact of the service ${view.service} was changed.`,
        ],
        facts: facts(view, ['Reason', p.reason ?? '—']),
        action: seeRequest(view),
        outro: ['You may make a new request once the situation is settled.'],
      };
    },
  },
};
