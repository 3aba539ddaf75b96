import type { ACTIVITY_TYPES } from '../../server/db/schema-crm';

/*
 * Word lists for the demo data. Everything here is invented: companies live
 * on `.example` domains (reserved, never resolvable), US numbers use the
 * 555-01xx range and UK numbers the 020 7946 0xxx range set aside for fiction.
 * The seeder combines these lists, so they stay short.
 */

export const FIRST_NAMES = [
  'Amara',
  'Bilal',
  'Camille',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ibrahim',
  'Julia',
  'Kenji',
  'Leila',
  'Mateo',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rosa',
  'Samir',
  'Talia',
  'Umar',
  'Valentina',
  'William',
  'Ximena',
  'Yusuf',
  'Zoe',
  'Aiden',
  'Beatriz',
  'Chen',
  'Daniela',
  'Emeka',
  'Freya',
  'Goran',
  'Ingrid',
  'Jonas',
  'Keira',
  'Lucas',
  'Maya',
  'Noor',
  'Omar',
] as const;

export const LAST_NAMES = [
  'Abbott',
  'Bergstrom',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fontaine',
  'Gallagher',
  'Haddad',
  'Ivanova',
  'Jansen',
  'Kowalczyk',
  'Lindqvist',
  'Moreno',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinlan',
  'Rahman',
  'Schneider',
  'Takahashi',
  'Umarov',
  'Varga',
  'Whitfield',
  'Yilmaz',
  'Zimmermann',
  'Al-Sayed',
  'Brennan',
  'Costa',
  'Delgado',
  'Novak',
] as const;

export const COMPANY_WORDS = [
  'Northwind',
  'Bluepeak',
  'Cedarline',
  'Harborview',
  'Silverline',
  'Redstone',
  'Brightwater',
  'Ironbridge',
  'Lumen',
  'Summit',
  'Oakridge',
  'Meridian',
  'Atlas',
  'Cobalt',
  'Evergreen',
  'Falconer',
  'Granite',
  'Horizon',
  'Juniper',
  'Keystone',
  'Larkspur',
  'Maplewood',
  'Nimbus',
  'Orion',
  'Pinnacle',
  'Riverbend',
  'Sterling',
  'Tidewater',
  'Vantage',
  'Willowbrook',
  'Zephyr',
  'Amberly',
] as const;

/** An industry and the words a company in it tends to end its name with. */
export const INDUSTRIES = [
  { name: 'Logistics', suffixes: ['Logistics', 'Freight', 'Shipping'] },
  { name: 'Healthcare', suffixes: ['Health', 'Clinics', 'Care'] },
  { name: 'Software', suffixes: ['Software', 'Systems', 'Labs'] },
  { name: 'Financial services', suffixes: ['Capital', 'Finance', 'Partners'] },
  { name: 'Manufacturing', suffixes: ['Industries', 'Manufacturing', 'Works'] },
  { name: 'Retail', suffixes: ['Retail', 'Stores', 'Market'] },
  { name: 'Hospitality', suffixes: ['Hotels', 'Resorts', 'Hospitality'] },
  { name: 'Energy', suffixes: ['Energy', 'Power', 'Renewables'] },
  { name: 'Education', suffixes: ['Academy', 'Learning', 'Institute'] },
  { name: 'Real estate', suffixes: ['Properties', 'Estates', 'Realty'] },
  { name: 'Food & beverage', suffixes: ['Foods', 'Kitchens', 'Beverages'] },
  { name: 'Marketing', suffixes: ['Media', 'Studio', 'Agency'] },
] as const;

/** Where companies sit; `#` in a phone pattern is a random digit. */
export const CITIES = [
  { city: 'New York', country: 'United States', phone: '+1 212 555 01##' },
  { city: 'Austin', country: 'United States', phone: '+1 512 555 01##' },
  { city: 'Toronto', country: 'Canada', phone: '+1 416 555 01##' },
  { city: 'London', country: 'United Kingdom', phone: '+44 20 7946 0###' },
  { city: 'Manchester', country: 'United Kingdom', phone: '+44 161 496 0###' },
  { city: 'Berlin', country: 'Germany', phone: '+49 30 1234 5###' },
  { city: 'Paris', country: 'France', phone: '+33 1 99 00 ## ##' },
  { city: 'Madrid', country: 'Spain', phone: '+34 91 000 ## ##' },
  { city: 'Amsterdam', country: 'Netherlands', phone: '+31 20 000 ####' },
  { city: 'Dubai', country: 'United Arab Emirates', phone: '+971 4 000 ####' },
  { city: 'Abu Dhabi', country: 'United Arab Emirates', phone: '+971 2 000 ####' },
  { city: 'Singapore', country: 'Singapore', phone: '+65 6000 ####' },
  { city: 'Sydney', country: 'Australia', phone: '+61 2 5550 ####' },
  { city: 'Stockholm', country: 'Sweden', phone: '+46 8 000 ## ##' },
] as const;

export const STREETS = [
  'Harbour Street',
  'Market Square',
  'Station Road',
  'Park Avenue',
  'Mill Lane',
  'King Street',
  'Riverside Drive',
  'Canal Walk',
  'Hill Road',
  'Bridge Street',
] as const;

/** Mobile numbers for people without a company switchboard. */
export const MOBILE_PATTERNS = ['+1 555 01## ####', '+44 7700 900###', '+971 50 000 ####', '+49 1510 000 ####'] as const;

/** Mailboxes of people who are not at a company. */
export const PERSONAL_EMAIL_DOMAINS = ['mail.example', 'inbox.example', 'post.example'] as const;

export const JOB_TITLES = [
  'Chief Executive Officer',
  'Chief Financial Officer',
  'Chief Technology Officer',
  'Chief Operating Officer',
  'VP of Sales',
  'VP of Marketing',
  'Head of Procurement',
  'Head of IT',
  'Head of Customer Success',
  'Operations Manager',
  'Sales Manager',
  'Marketing Manager',
  'Finance Manager',
  'IT Manager',
  'Office Manager',
  'Account Executive',
  'Business Analyst',
  'Project Manager',
  'Product Manager',
  'Purchasing Officer',
  'Data Analyst',
  'HR Director',
  'Founder',
  'Consultant',
] as const;

/** What a lead asks for: the first half of its title. */
export const LEAD_NEEDS = [
  'CRM rollout for the sales team',
  'Customer portal integration',
  'Replace spreadsheets for order tracking',
  'Field service scheduling',
  'Multi-branch reporting',
  'Partner portal pilot',
  'Marketing automation add-on',
  'Helpdesk migration',
  'Quote-to-cash workflow',
  'Data warehouse connector',
  'Mobile app for sales reps',
  'Arabic and English UI for the Gulf office',
  'Contract renewal tracking',
  'Onboarding 30 new seats',
] as const;

export const DEAL_OFFERINGS = [
  'Analytics suite',
  'Sales Cloud licences',
  'Implementation package',
  'Customer portal',
  'Premium support plan',
  'Data migration project',
  'Training programme',
  'Integration bundle',
  'Enterprise upgrade',
  'Pilot project',
] as const;

export const RENEWAL_OFFERINGS = [
  'Annual licence renewal',
  'Support contract renewal',
  'Multi-year renewal',
  'Renewal with seat expansion',
  'Hosting renewal',
] as const;

export const LOST_REASONS = [
  'Chose a competitor on price',
  'No budget this financial year',
  'Went silent after the demo',
  'Project postponed to next year',
  'Needed a feature we do not have yet',
  'Decided to build it in-house',
  'Too small for our packages',
  'Champion left the company',
] as const;

type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * Subjects and bodies per activity type; a new type in the schema fails to
 * compile here until it has words. `{first}`, `{company}` and `{topic}` are filled in.
 */
export const ACTIVITY_WORDS: Record<ActivityType, { subjects: readonly string[]; bodies: readonly string[] }> = {
  email: {
    subjects: [
      'Sent proposal to {first}',
      'Follow-up on pricing for {company}',
      'Shared case study with {first}',
      'Answered security questionnaire',
      'Recap of our call about {topic}',
    ],
    bodies: [
      'Attached the revised quote and the implementation timeline.',
      'They asked for references from their industry.',
      'Waiting for their procurement team to review.',
    ],
  },
  call: {
    subjects: [
      'Discovery call with {first}',
      'Pricing call with {company}',
      'Check-in call about {topic}',
      'Left a voicemail for {first}',
      'Call with finance at {company}',
    ],
    bodies: [
      'Budget is approved for this quarter; decision by end of month.',
      'Main concern is migration effort from their old system.',
      'Asked us to call back after their board meeting.',
    ],
  },
  meeting: {
    subjects: [
      'Product demo for {company}',
      'On-site workshop with {first}',
      'Quarterly business review',
      'Kick-off meeting about {topic}',
      'Lunch with {first}',
    ],
    bodies: [
      'Five people attended; the operations lead was the most engaged.',
      'Agreed on a two-week pilot with three users.',
      'They want a second session for the IT team.',
    ],
  },
  note: {
    subjects: [
      'Decision maker is {first}',
      'Competitor also in the running',
      'Budget confirmed',
      'Notes on {topic}',
      'Renewal date confirmed',
    ],
    bodies: [
      'Prefers short emails and a call on Thursdays.',
      'Legal review usually takes two weeks there.',
      'Referred by an existing customer.',
    ],
  },
  sms: {
    subjects: [
      "Confirmed tomorrow's meeting time",
      'Running 10 minutes late',
      'Sent the dial-in number to {first}',
      'Quick reminder about the contract',
      'Thanks for today, {first}',
    ],
    bodies: ['Replied with a thumbs up.', 'Asked to move it to 3 pm.', 'No reply yet.'],
  },
};

export const TASK_TITLES = [
  'Send revised quote to {first}',
  'Call {first} about next steps',
  'Prepare demo for {company}',
  'Book a QBR with {company}',
  'Chase signed contract from {first}',
  'Update the forecast for {topic}',
  'Introduce {first} to customer success',
  'Send onboarding checklist to {company}',
  'Review the security questionnaire',
  'Follow up on the pilot with {first}',
  'Draft the renewal proposal for {company}',
  'Confirm the budget with {first}',
] as const;
