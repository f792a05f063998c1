/**
 * Faults and security, with figures (issue 8, docs/reliability.md): GTSM across a router
 * namespace, TCP MD5 limits, flooding the BGP port from unknown addresses, secrets kept out of
 * logs, the API and flatnetctl. Lab tests are tagged {@code netns} and run as root in CI.
 */
package io.flatnet.reliability;
