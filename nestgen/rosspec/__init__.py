"""The ROS resource-type spec: extraction from the ROS CDK, the shipped file, lookups."""
