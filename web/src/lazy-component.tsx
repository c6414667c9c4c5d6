import { useEffect, useState, type ComponentType } from 'react';
import { Alert } from './components/Alert';
import { REQUEST_FAILED } from './messages';

/**
 * A component fetched in a chunk of its own the first time it is shown ("Loading…" until then), so
 * the first page does not carry what few people open. Not React.lazy: Suspense holds what arrived
 * until its fallback has been up 300 ms, on a timer; this shows it as soon as it is here. A fetch
 * that fails says so, and the next showing asks again.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function Lazy(props: P) {
    const [component, setComponent] = useState(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (component) return;
      let current = true;
      loading ??= load().then(
        (fetched) => (loaded = fetched),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      loading.then(
        (fetched) => current && setComponent(() => fetched),
        () => current && setFailed(true),
      );
      return () => {
        current = false;
      };
    }, [component]);
    if (failed) return <Alert messages={[REQUEST_FAILED]} />;
    const Component = component;
    return Component ? <Component {...props} /> : <p className="lead">Loading…</p>;
  };
}
