/**
 * The TerminalApi over the web host: one POST per channel call, server-sent events for the
 * service's events. The token travels in the HttpOnly cookie the host set on the first page
 * load, so nothing here handles it. The Electron preload provides the same interface over IPC.
 */
import type { ApiResult, ChannelName, InputOf, OutputOf, TerminalApi, TerminalEvent } from '../../../electron/service/contract.js';

const unreachable = {
  code: 'HOST_UNREACHABLE',
  zh: '无法连接终端服务',
  en: 'The terminal service cannot be reached',
  next: { zh: '请检查终端服务是否在运行，然后刷新页面', en: 'Check that the terminal service is running, then reload' },
};

async function call<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<ApiResult<OutputOf<C>>> {
  let res: Response;
  try {
    res = await fetch(`api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    });
  } catch {
    // fetch rejects only when the host is unreachable; the envelope says so to the operator.
    return { ok: false, error: unreachable };
  }
  // The host validated this body against the contract's output schema before sending it.
  return (await res.json()) as ApiResult<OutputOf<C>>;
}

/** The TerminalApi for a renderer served by the web host: every channel is one POST. */
export function createHttpApi(): TerminalApi {
  const subscribe: TerminalApi['subscribe'] = (listener) => {
    const source = new EventSource('api/events', { withCredentials: true });
    source.onmessage = (message: MessageEvent<string>) => {
      // Events were checked against the contract's event schema by the host.
      listener(JSON.parse(message.data) as TerminalEvent);
    };
    return () => {
      source.close();
    };
  };
  // The renderer imports no value from the contract, so the channel list is not here: any name
  // but subscribe is a channel, and the host answers an unknown one with an error envelope.
  return new Proxy({} as TerminalApi, {
    get(_target, name) {
      if (name === 'subscribe') return subscribe;
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (input: InputOf<ChannelName>) => call(name as ChannelName, input);
    },
  });
}
