/** Word lists the generator draws names, titles and places from. */

// prettier-ignore
export const FIRST_NAMES = [
  'Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger',
  'Radia', 'Tim', 'Hedy', 'Donald', 'Katherine', 'Vint', 'Shafi', 'Niklaus', 'Lynn', 'John',
  'Sophie', 'Guido', 'Anita', 'James', 'Joan', 'Bjarne', 'Mary', 'Whitfield', 'Evelyn', 'Ward',
  'Carol', 'Ivan', 'Jean', 'Leslie', 'Adele', 'Robin', 'Elena', 'Tomas', 'Priya', 'Kwame',
];
// prettier-ignore
export const LAST_NAMES = [
  'Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen',
  'Dijkstra', 'Perlman', 'Berners', 'Lamarr', 'Knuth', 'Johnson', 'Cerf', 'Goldwasser', 'Wirth',
  'Conway', 'Backus', 'Wilson', 'Rossum', 'Borg', 'Gosling', 'Clarke', 'Stroustrup', 'Keller',
  'Diffie', 'Boyd', 'Cunningham', 'Shaw', 'Sutherland', 'Sammet', 'Lamport', 'Goldberg', 'Milner',
  'Petrova', 'Novak', 'Raman', 'Mensah',
];
// prettier-ignore
export const COMPANY_FIRST = [
  'Northwind', 'Contoso', 'Fabrikam', 'Globex', 'Initech', 'Umbrella', 'Tailspin', 'Wingtip',
  'Litware', 'Proseware', 'Adatum', 'Lucerne',
];
// prettier-ignore
export const COMPANY_SECOND = [
  'Robotics', 'Traders', 'Health', 'Labs', 'Logistics', 'Analytics', 'Systems', 'Media', 'Energy',
  'Foods',
];
// prettier-ignore
export const DEPARTMENTS = [
  'Engineering', 'Sales', 'Marketing', 'Finance', 'IT', 'Support', 'Design', 'Security', 'Legal',
  'People',
];
// prettier-ignore
export const JOB_TITLES = [
  'Software Engineer', 'Account Executive', 'Product Manager', 'Analyst', 'Designer',
  'IT Administrator', 'Support Specialist', 'Security Engineer', 'Counsel', 'Recruiter',
  'Director', 'VP',
];
// prettier-ignore
export const EMPLOYEE_TYPES = [
  'Full-time', 'Full-time', 'Full-time', 'Contractor', 'Part-time', 'Intern',
];
// prettier-ignore
export const LOCATIONS = [
  'Denver', 'Boulder', 'London', 'Berlin', 'Montevideo', 'Austin', 'Toronto', 'Remote',
];
// prettier-ignore
export const CREATION_SOURCES = [
  'jumpcloud:console', 'jumpcloud:api', 'jumpcloud:csv', 'jumpcloud:scim', 'jumpcloud:gapps',
];
// prettier-ignore
export const USER_GROUP_NAMES = [
  'Engineering', 'Sales', 'Marketing', 'Contractors', 'IT Admins', 'Finance', 'Support', 'Design',
  'Security', 'Data', 'Legal', 'People Ops', 'Operations', 'Product', 'Interns',
];
// prettier-ignore
export const SYSTEM_GROUP_NAMES = [
  'Engineering Workstations', 'Linux Servers', 'Finance Laptops', 'Windows Fleet',
  'Production Servers', 'Kiosks', 'Staging Servers', 'Design Macs', 'Build Agents',
  'Shared Devices',
];
// prettier-ignore
export const APP_COLORS = [
  '#202D38', '#005466', '#3E8696', '#006CAC', '#0617AC', '#7C6ADA', '#D5779D', '#9E2F00',
  '#FFB000', '#58C469', '#57C49F', '#FF6C03',
];
// prettier-ignore
export const TIMEZONES = [
  -480, -420, -360, -300, -180, 0, 60, 120, 330, 540,
];

export interface AppTemplate {
  name: string;
  displayName: string;
  article: string;
  acsUrl: string;
  spEntityId: string;
}

export const APP_TEMPLATES: AppTemplate[] = [
  {
    name: 'aws',
    displayName: 'Amazon Web Services (AWS)',
    article: 'single-sign-on-sso-with-aws',
    acsUrl: 'https://signin.aws.amazon.com/saml',
    spEntityId: 'urn:amazon:webservices',
  },
  {
    name: 'slack',
    displayName: 'Slack',
    article: 'single-sign-on-sso-with-slack',
    acsUrl: 'https://{org}.slack.com/sso/saml',
    spEntityId: 'https://slack.com',
  },
  {
    name: 'github',
    displayName: 'GitHub',
    article: 'single-sign-on-sso-with-github',
    acsUrl: 'https://github.com/orgs/{org}/saml/consume',
    spEntityId: 'https://github.com/orgs/{org}',
  },
  {
    name: 'salesforce',
    displayName: 'Salesforce',
    article: 'single-sign-on-sso-with-salesforce',
    acsUrl: 'https://{org}.my.salesforce.com',
    spEntityId: 'https://saml.salesforce.com',
  },
  {
    name: 'zoom',
    displayName: 'Zoom',
    article: 'single-sign-on-sso-with-zoom',
    acsUrl: 'https://{org}.zoom.us/saml/SSO',
    spEntityId: '{org}.zoom.us',
  },
  {
    name: 'atlassian',
    displayName: 'Atlassian Cloud',
    article: 'single-sign-on-sso-with-atlassian-cloud',
    acsUrl: 'https://auth.atlassian.com/login/callback?connection=saml-{org}',
    spEntityId: 'https://auth.atlassian.com/saml/{org}',
  },
  {
    name: 'google-workspace',
    displayName: 'Google Workspace',
    article: 'single-sign-on-sso-with-google-workspace',
    acsUrl: 'https://www.google.com/a/{org}.example.com/acs',
    spEntityId: 'google.com/a/{org}.example.com',
  },
  {
    name: 'dropbox',
    displayName: 'Dropbox',
    article: 'single-sign-on-sso-with-dropbox',
    acsUrl: 'https://www.dropbox.com/saml_login',
    spEntityId: 'Dropbox',
  },
  {
    name: 'zendesk',
    displayName: 'Zendesk',
    article: 'single-sign-on-sso-with-zendesk',
    acsUrl: 'https://{org}.zendesk.com/access/saml',
    spEntityId: 'https://{org}.zendesk.com',
  },
  {
    name: 'datadog',
    displayName: 'Datadog',
    article: 'single-sign-on-sso-with-datadog',
    acsUrl: 'https://app.datadoghq.com/account/saml/assertion',
    spEntityId: 'https://app.datadoghq.com/account/saml/metadata.xml',
  },
];

export function numberedName(names: readonly string[], i: number): string {
  const base = names[i % names.length];
  return i < names.length ? base : `${base} ${Math.floor(i / names.length) + 1}`;
}
