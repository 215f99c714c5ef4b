/**
 * The {@code lambdalabs} provider: Lambda Cloud GPU instances launched over the REST API, prepared,
 * fed and emptied over SSH, and always terminated. Found by {@link java.util.ServiceLoader} through
 * {@link org.soen.cloud.lambdalabs.LambdaLabsProvider}; everything else is internal.
 */
package org.soen.cloud.lambdalabs;
