import {
  bearer,
  customHeaderFields,
  customHeaderStep,
  flagField,
  ignoredSslField,
  type ServiceCredential,
  secretField,
  serviceCredential,
  textField,
} from './service-credential-spec.js';

const apiKey = (description: string) => secretField('apiKey', 'API Key', description);
const accessToken = (description: string) => secretField('accessToken', 'Access Token', description);
const notUsedByHttpRequest = 'Kept for other nodes; the HTTP Request node takes full URLs';

/**
 * The predefined (service) credential types the HTTP Request node authenticates with
 * (`authentication: 'predefinedCredentialType'`), named and shaped as n8n's so n8n credential exports import
 * into them and imported nodes bind to them by type and name. OAuth2 sign-in (authorization code) types are
 * not here: they need a user's consent in a browser.
 */
export const serviceCredentials: readonly ServiceCredential[] = [
  serviceCredential(
    'airtableTokenApi',
    'Airtable Personal Access Token',
    'An Airtable personal access token, sent as a Bearer token',
    [accessToken('Personal access token with the scopes the requests need')],
    [bearer('accessToken')],
  ),
  serviceCredential(
    'anthropicApi',
    'Anthropic',
    'An Anthropic API key, sent in the x-api-key header',
    [
      apiKey('Anthropic API key'),
      textField('url', 'Base URL', notUsedByHttpRequest, { default: 'https://api.anthropic.com' }),
      ...customHeaderFields,
    ],
    [{ header: 'x-api-key', value: '{apiKey}' }, customHeaderStep],
  ),
  serviceCredential(
    'cloudflareApi',
    'Cloudflare API',
    'A Cloudflare API token, sent as a Bearer token',
    [secretField('apiToken', 'API Token', 'Cloudflare API token')],
    [bearer('apiToken')],
  ),
  serviceCredential(
    'erpNextApi',
    'ERPNext API',
    'An ERPNext API key and secret, sent as "Authorization: token <key>:<secret>"',
    [
      apiKey('ERPNext API key'),
      secretField('apiSecret', 'API Secret', 'ERPNext API secret'),
      {
        name: 'environment',
        displayName: 'Environment',
        type: 'options',
        default: 'cloudHosted',
        description: notUsedByHttpRequest,
        options: [
          { name: 'Cloud-Hosted', value: 'cloudHosted' },
          { name: 'Self-Hosted', value: 'selfHosted' },
        ],
      },
      textField('subdomain', 'Subdomain', `Subdomain of a cloud-hosted instance. ${notUsedByHttpRequest}`),
      textField('domain', 'Domain', `Cloud domain or self-hosted URL. ${notUsedByHttpRequest}`),
      ignoredSslField,
    ],
    [{ header: 'Authorization', value: 'token {apiKey}:{apiSecret}' }],
  ),
  serviceCredential(
    'googlePalmApi',
    'Google Gemini (PaLM) API',
    'A Google AI Studio API key, sent as the "key" query parameter',
    [
      textField('host', 'Host', notUsedByHttpRequest, {
        default: 'https://generativelanguage.googleapis.com',
        required: true,
      }),
      apiKey('Google AI Studio API key'),
    ],
    [{ query: 'key', value: '{apiKey}' }],
  ),
  serviceCredential(
    'hubspotAppToken',
    'HubSpot Service Key',
    'A HubSpot private app or service key, sent as a Bearer token',
    [secretField('appToken', 'Service Key', 'HubSpot private app token or service key')],
    [bearer('appToken')],
  ),
  serviceCredential(
    'lemlistApi',
    'Lemlist API',
    'A lemlist API key, sent as the password of HTTP Basic auth with an empty user',
    [apiKey('lemlist API key')],
    [{ basic: { user: '', password: '{apiKey}' } }],
  ),
  serviceCredential(
    'mistralCloudApi',
    'Mistral Cloud API',
    'A Mistral API key, sent as a Bearer token',
    [apiKey('Mistral API key')],
    [bearer('apiKey')],
  ),
  serviceCredential(
    'notionApi',
    'Notion API',
    'A Notion internal integration secret, sent as a Bearer token with a default Notion-Version',
    [apiKey('Internal integration secret')],
    // n8n pins this API version unless the request names its own.
    [bearer('apiKey'), { header: 'Notion-Version', value: '2022-02-22', isDefault: true }],
  ),
  serviceCredential(
    'openAiApi',
    'OpenAI',
    'An OpenAI API key, sent as a Bearer token, with the organization when set',
    [
      apiKey('OpenAI API key'),
      textField('organizationId', 'Organization ID', 'Sent as OpenAI-Organization when set'),
      textField('url', 'Base URL', notUsedByHttpRequest, { default: 'https://api.openai.com/v1' }),
      ...customHeaderFields,
    ],
    [
      bearer('apiKey'),
      { header: 'OpenAI-Organization', value: '{organizationId}', optional: true },
      customHeaderStep,
    ],
  ),
  serviceCredential(
    'qdrantApi',
    'Qdrant API',
    'A Qdrant API key, sent in the api-key header when set',
    [
      secretField('apiKey', 'API Key', 'Qdrant API key (blank for an instance without one)', {
        required: false,
      }),
      textField('qdrantUrl', 'Qdrant URL', notUsedByHttpRequest, { required: true }),
    ],
    [{ header: 'api-key', value: '{apiKey}', optional: true }],
  ),
  serviceCredential(
    'serpApi',
    'SerpAPI',
    'A SerpAPI key, sent as the "api_key" query parameter',
    [apiKey('SerpAPI key')],
    [{ query: 'api_key', value: '{apiKey}' }],
  ),
  serviceCredential(
    'slackApi',
    'Slack API',
    'A Slack bot or user token, sent as a Bearer token',
    [
      accessToken('Bot (xoxb-) or user (xoxp-) OAuth token of the Slack app'),
      secretField('signatureSecret', 'Signature Secret', 'Signing secret of the Slack app (for triggers)', {
        required: false,
      }),
    ],
    [bearer('accessToken')],
  ),
  serviceCredential(
    'supabaseApi',
    'Supabase API',
    'A Supabase secret (service role) key, sent as the apikey header and a Bearer token',
    [
      textField('host', 'Host', `Project URL. ${notUsedByHttpRequest}`),
      secretField('serviceRole', 'Secret Key', 'Supabase secret or service_role key'),
    ],
    [{ header: 'apikey', value: '{serviceRole}' }, bearer('serviceRole')],
  ),
  serviceCredential(
    'whatsAppApi',
    'WhatsApp API',
    'A WhatsApp Business (Meta Graph API) access token, sent as a Bearer token',
    [
      accessToken('Meta Graph API access token'),
      textField('businessAccountId', 'Business Account ID', notUsedByHttpRequest, { required: true }),
    ],
    [bearer('accessToken')],
  ),
  serviceCredential(
    'wooCommerceApi',
    'WooCommerce API',
    'A WooCommerce consumer key and secret, sent as HTTP Basic auth or as query parameters',
    [
      secretField('consumerKey', 'Consumer Key', 'WooCommerce REST API consumer key'),
      secretField('consumerSecret', 'Consumer Secret', 'WooCommerce REST API consumer secret'),
      textField('url', 'WooCommerce URL', notUsedByHttpRequest),
      flagField(
        'includeCredentialsInQuery',
        'Include Credentials in Query',
        'Send consumer_key and consumer_secret as query parameters instead of Basic auth',
      ),
    ],
    [
      { basic: { user: '{consumerKey}', password: '{consumerSecret}' }, unless: 'includeCredentialsInQuery' },
      { query: 'consumer_key', value: '{consumerKey}', when: 'includeCredentialsInQuery' },
      { query: 'consumer_secret', value: '{consumerSecret}', when: 'includeCredentialsInQuery' },
    ],
  ),
  serviceCredential(
    'wordpressApi',
    'WordPress API',
    'A WordPress user and application password, sent as HTTP Basic auth',
    [
      textField('username', 'Username', 'WordPress user name'),
      secretField('password', 'Password', 'Application password of the user'),
      textField('url', 'WordPress URL', notUsedByHttpRequest),
      ignoredSslField,
    ],
    [{ basic: { user: '{username}', password: '{password}' } }],
  ),
];

/** The names of {@link serviceCredentials}, for the node's `nodeCredentialType` choices. */
export const serviceCredentialTypes = serviceCredentials.map((credential) => credential.definition.name);

/** The service credential type of that name, or undefined when KlikkFlow does not have it. */
export function findServiceCredential(name: unknown): ServiceCredential | undefined {
  return serviceCredentials.find((credential) => credential.definition.name === name);
}
