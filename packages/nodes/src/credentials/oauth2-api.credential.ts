import { defineCredential } from '@klikkflow/plugin-sdk';

/**
 * OAuth2 (n8n's `oAuth2Api`), client credentials grant only: the HTTP Request node fetches an access token
 * from `accessTokenUrl` and sends it as a Bearer token. The authorization-code grant (user consent in a
 * browser) is not supported.
 */
export const oAuth2ApiCredential = defineCredential({
  name: 'oAuth2Api',
  displayName: 'OAuth2 API',
  description: 'OAuth2 client credentials: the node exchanges client id and secret for an access token',
  properties: [
    {
      name: 'grantType',
      displayName: 'Grant Type',
      type: 'options',
      default: 'clientCredentials',
      description: 'How the access token is obtained',
      options: [{ name: 'Client Credentials', value: 'clientCredentials' }],
    },
    {
      name: 'accessTokenUrl',
      displayName: 'Access Token URL',
      type: 'string',
      default: '',
      required: true,
      description: 'Token endpoint of the authorization server',
    },
    {
      name: 'clientId',
      displayName: 'Client ID',
      type: 'string',
      default: '',
      required: true,
      description: 'Client identifier issued by the authorization server',
    },
    {
      name: 'clientSecret',
      displayName: 'Client Secret',
      type: 'string',
      default: '',
      required: true,
      description: 'Client secret issued by the authorization server',
      typeOptions: { password: true },
    },
    {
      name: 'scope',
      displayName: 'Scope',
      type: 'string',
      default: '',
      description: 'Space-separated scopes to ask for (blank for the default)',
    },
    {
      name: 'authentication',
      displayName: 'Authentication',
      type: 'options',
      default: 'header',
      description: 'How the client id and secret are sent to the token endpoint',
      options: [
        { name: 'Send as Basic Auth Header', value: 'header' },
        { name: 'Send in Body', value: 'body' },
      ],
    },
  ],
});
