import { Link } from 'react-router';
import { paths } from '@/config/paths';

export function NotFoundRoute() {
  return (
    <main className="page narrow">
      <h1>Page not found</h1>
      <p>
        <Link to={paths.app.tasks.path}>Go to your tasks</Link>
      </p>
    </main>
  );
}
