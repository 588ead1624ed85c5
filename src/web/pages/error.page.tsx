import type { VNode } from 'preact';
import { Flash, Layout, type PageContext } from '../layout.js';

/** A page that only says what went wrong, with a way back. */
export function ErrorPage(props: { ctx: PageContext; title: string; message: string }): VNode {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title}>
      <section class="card narrow">
        <h1>{props.title}</h1>
        <Flash kind="error">{props.message}</Flash>
        <p>
          <a href={ctx.account ? '/contacts/services' : '/login'}>
            {ctx.account ? ctx.t('home') : ctx.t('logIn')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
