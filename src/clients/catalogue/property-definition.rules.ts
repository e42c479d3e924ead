export * from '../../scim/nevis/property-rules';
