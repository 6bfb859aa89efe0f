import {h, field, section} from '../dom.js';
import {get, session} from '../api.js';
import {go} from '../nav.js';

/**
 * The API key goes into this tab's sessionStorage only, and is tried once on the model list: every role that may
 * edit or read models can list them, so a key that fails here with 401 is wrong, and with 403 it reads nothing here.
 */
export async function loginPage(ctx) {
  const key = h('input', {type: 'password', id: 'api-key', autocomplete: 'off', required: true, size: 60,
    placeholder: 'rbk_<name>_<secret>'});
  const message = h('p', {class: 'hint'},
    'Your API key is kept only in this browser tab and sent as the X-API-Key header. Ask an admin for one with the ',
    h('code', {}, 'editor'), ' role to change models, or ', h('code', {}, 'auditor'), ' to read decisions and incidents.');
  const form = h('form', {id: 'login', onsubmit: async event => {
    event.preventDefault();
    session.set(key.value);
    try {
      await get('/api/v1/models');
      go(ctx.query.then && ctx.query.then !== '/login' ? ctx.query.then.split('?')[0] : '/models',
        Object.fromEntries(new URLSearchParams(ctx.query.then?.split('?')[1] || '')));
    } catch (error) {
      // An operator may not list models but reads incidents.
      if (error.status === 403) return go('/incidents');
      session.clear();
      message.replaceChildren(h('strong', {class: 'bad'}, error.status === 401 ? 'That key is not accepted.' : error.message));
    }
  }}, field('API key', key), h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  return section('Sign in', message, form,
    h('p', {class: 'hint'}, 'With OIDC switched on, signing in through your identity provider is planned; until then use an API key.'));
}
