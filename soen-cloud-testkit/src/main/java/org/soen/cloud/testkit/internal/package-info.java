/** Implementation of the testkit; not API, may change without notice. */
package org.soen.cloud.testkit.internal;
