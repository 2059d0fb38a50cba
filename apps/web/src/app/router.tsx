import { createBrowserRouter } from 'react-router';
import { AboutPage } from '../pages/about-page.tsx';
import { HomePage } from '../pages/home-page.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';
import { FoyerAppShell } from './app-shell.tsx';
import { RouteError } from './route-error.tsx';

export function createRouter() {
  return createBrowserRouter([
    {
      // If the shell itself fails, fall back to the bare message.
      element: <FoyerAppShell />,
      errorElement: <RouteError />,
      children: [
        {
          // A page that fails keeps the header so people can navigate away.
          errorElement: <RouteError />,
          children: [
            { index: true, element: <HomePage /> },
            { path: 'about', element: <AboutPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
