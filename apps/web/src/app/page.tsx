export default function HomePage() {
  return (
    <main>
      <h1>Doable</h1>
      <p>
        Doable is a multi-user task manager. Everyone who signs up gets a private list of tasks, with
        priorities, due dates and tags, that nobody else can see, change or even detect.
      </p>

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading">What works today</h2>
        <ul>
          <li>
            The typed API at <code>/api/trpc</code>: accounts, sessions and tasks, for scripts and for
            the web pages that come next.
          </li>
          <li>
            A health check at <a href="/api/health">/api/health</a>.
          </li>
        </ul>
        <p>The sign-up, sign-in and dashboard pages are being built.</p>
      </section>
    </main>
  );
}
