import Link from "next/link";
import { redirect } from "next/navigation";
import { pageSession } from "~/server/session";

export default async function HomePage() {
  if ((await pageSession()).current) redirect("/dashboard");
  return (
    <main id="main" className="container">
      <section className="hero" aria-labelledby="hero-heading">
        <h1 id="hero-heading">Doable</h1>
        <p>
          A task manager that keeps your tasks yours. Add them in a keystroke, give them priorities, due dates
          and tags, and find them again in a moment — from the web or from a script.
        </p>
        <div className="row">
          <Link className="button" href="/signup">
            Create an account
          </Link>
          <Link className="button secondary" href="/signin">
            Sign in
          </Link>
        </div>
      </section>
      <ul className="feature-list">
        <li className="card">
          <h2>Private by design</h2>
          <p>Nobody else can see, change or even detect your tasks.</p>
        </li>
        <li className="card">
          <h2>Fast</h2>
          <p>Your list is on screen on first paint; changes show before the server answers.</p>
        </li>
        <li className="card">
          <h2>Scriptable</h2>
          <p>
            The same typed API the app uses, for scripts: <code>/api/trpc</code>.
          </p>
        </li>
      </ul>
    </main>
  );
}
