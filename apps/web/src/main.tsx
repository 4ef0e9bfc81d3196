import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from 'sonner';
import { AppRouter } from './app/router';
import { ApiError } from './lib/api-client';
import './lib/i18n';
import { meQueryOptions } from './lib/session';
import './styles.css';

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors will not heal by retrying; network and 5xx might.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
  queryCache: new QueryCache({
    onError: (err) => {
      // A session that ended elsewhere (logout, expiry) sends the user to login.
      if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(meQueryOptions().queryKey, null);
    },
  }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AppRouter />
      {/* Every action's outcome is announced here (sonner's toast()); aria-live for screen readers comes with it. */}
      <Toaster position="top-right" richColors closeButton />
    </QueryClientProvider>
  </StrictMode>,
);
